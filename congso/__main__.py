from congso.cli import main

main()
