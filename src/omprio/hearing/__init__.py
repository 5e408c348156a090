"""The public hearing (høring) of a catalog as pure values: responses read from a portal export,
text files and PDFs (:mod:`~omprio.hearing.responses`), the measures a response concerns
(:mod:`~omprio.hearing.linking`), private persons' details removed (:mod:`~omprio.hearing.privacy`)
and the summary for the politicians (:mod:`~omprio.hearing.summary`). Nothing here knows a
database: the store keeps responses and links, the service joins them."""
