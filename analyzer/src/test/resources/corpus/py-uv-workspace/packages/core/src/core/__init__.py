def summarize(name: str) -> dict:
    return {"name": name}
