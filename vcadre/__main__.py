from vcadre.cli import main

raise SystemExit(main())
