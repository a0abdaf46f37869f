from inferstack_tools.codegen.cli import main

raise SystemExit(main())
