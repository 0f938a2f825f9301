"""The formats, one module each; importing one registers it.

The import order below is the order formats are listed in (`POST_FORMATS`, error messages) and
the order line formats claim a first line; which format is tried first on a file's first bytes
is each sniffer's own `order`. A new format is one module here (see `registry.Format`) plus its
import below.
"""

# isort: off
from . import jsonl  # noqa: F401
from . import csvfile  # noqa: F401
from . import text  # noqa: F401
from . import json_array  # noqa: F401
from . import x_archive  # noqa: F401
from . import mastodon  # noqa: F401
from . import telegram  # noqa: F401
from . import threads  # noqa: F401
from . import bluesky_car  # noqa: F401
from . import bluesky_api  # noqa: F401
# isort: on
