"""The one error type for user mistakes: the CLI turns it into a line and an exit code."""


class KgError(Exception):
    """A problem the user can fix (bad path, bad input, unreachable server).

    `exit_code` follows click: 1 for data errors, 2 for usage errors.
    """

    exit_code = 1

    def __init__(self, message: str, exit_code: int | None = None) -> None:
        super().__init__(message)
        if exit_code is not None:
            self.exit_code = exit_code
