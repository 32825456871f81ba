"""tasks2chats: find Coder Tasks API usage and migrate it to the Chats API."""

__version__ = "0.1.0"
INFORMATION_URI = "https://github.com/tasks2chats/tasks2chats"
