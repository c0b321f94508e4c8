"""Training: the loop (the same forward and backward as a step, repeated), its schedules, the
parameters' values, what `bptrace train` shows beside the loss and the experiments of
`bptrace compare`. Nothing here prints."""
