from tools.coder_session import BASE_URL, make_session

session = make_session()


def cleanup(task_ids):
    for task_id in task_ids:
        session.patch(f"{BASE_URL}/api/experimental/chats/{task_id}", json={"archived": True})
