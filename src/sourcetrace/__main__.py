"""`python -m sourcetrace`: the `sourcetrace` command (`cli.main.run`)."""

from .cli.main import run

if __name__ == "__main__":
    run()
