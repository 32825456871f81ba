"""Notes for the migration.

We used to call GET /api/v2/tasks/me/{id} with the Coder-Session-Token header.
"""

import os

CODER_URL = os.environ["CODER_URL"]


def describe():
    """Returns how /api/v2/tasks used to be called (DELETE /api/v2/tasks/me/{id})."""
    # requests.delete(f"{CODER_URL}/api/v2/tasks/me/{task_id}")
    return "tasks are chats now"
