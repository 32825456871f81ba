from tools.agents_session import AGENTS_URL, make_session

session = make_session()


def job_states():
    data = session.get(f"{AGENTS_URL}/api/v2/tasks").json()
    return {t["id"]: t["status"] == "active" for t in data["tasks"]}


def cancel(task_id):
    session.delete(f"{AGENTS_URL}/api/v2/tasks/{task_id}/{task_id}")
