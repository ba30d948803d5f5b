def load(stdout, seed: int) -> None:
    pass
