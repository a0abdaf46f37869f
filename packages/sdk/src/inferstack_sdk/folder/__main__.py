"""`python -m inferstack_sdk.folder`: the same as `inferstack-classify-folder`."""

import sys

from inferstack_sdk.folder.run import main

sys.exit(main())
