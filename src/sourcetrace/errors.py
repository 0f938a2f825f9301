"""One exception hierarchy: the CLI turns any SourcetraceError into a one-line message, exit 1."""


class SourcetraceError(Exception):
    """Base class for errors a user can fix; the message says what to do next."""


class InputError(SourcetraceError):
    """An input file or value cannot be read or is unusable as a whole."""


class IndexFolderError(SourcetraceError):
    """The index folder is missing, incomplete or from an incompatible version."""


class EncoderMismatchError(IndexFolderError):
    """The index was built with a different encoder than the one requested."""


class EncoderError(SourcetraceError):
    """An encoder is unknown, or its optional package is not installed."""


class NoTextError(InputError):
    """A post holds no text to check (a photo or video without words): counted, not matched."""
