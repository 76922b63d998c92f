from textkeep.cli import main

main()
