from inferstack_bench.cli import main

raise SystemExit(main())
