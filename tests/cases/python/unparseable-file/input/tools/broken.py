import requests

def list_tasks(:
    return requests.get("https://coder.example.com/api/v2/tasks")
