from bptrace.cli.launch import main

main()
