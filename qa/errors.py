class QAError(Exception):
    """An error with a message meant for the user (no traceback needed)."""


class ModelNotFound(QAError):
    pass


class BadInput(QAError):
    pass
