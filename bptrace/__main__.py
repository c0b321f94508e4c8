from bptrace.cli import main

main()
