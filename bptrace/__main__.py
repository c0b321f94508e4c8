from bptrace.launch import main

main()
