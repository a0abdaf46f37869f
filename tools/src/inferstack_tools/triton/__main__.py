from inferstack_tools.triton.cli import main

raise SystemExit(main())
