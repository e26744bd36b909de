from mil2mil.cli import main
import sys

sys.exit(main())
