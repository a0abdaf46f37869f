from inferstack_tools.launcher.triton.cli import main

raise SystemExit(main())
