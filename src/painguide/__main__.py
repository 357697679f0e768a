from painguide.cli import main

main()
