"""The committee case (sagsfremstilling) of an application: the kommune's template as data
(``template``), the facts it is written from (``facts``), the blocks that fill its headings
(``blocks``), written as Word and plain text by ``pulje.documents.word.plain``."""
