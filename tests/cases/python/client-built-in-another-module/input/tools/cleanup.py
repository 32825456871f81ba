from tools.coder_session import BASE_URL, make_session

session = make_session()


def cleanup(task_ids):
    for task_id in task_ids:
        session.delete(f"{BASE_URL}/api/v2/tasks/me/{task_id}")
