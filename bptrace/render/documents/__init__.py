"""Documents a reader opens: the live classroom page (:mod:`bptrace.render.documents.live`)
and the model of a network it computes on (:mod:`bptrace.render.documents.model`)."""
