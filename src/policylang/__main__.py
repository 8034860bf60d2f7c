from policylang.cli import main

main()
