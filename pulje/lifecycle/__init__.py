"""After the application: the committee case and its approval (``committee``), the grant and
change requests with a revised budget (``grant``), the status and final reports
(``reports``), and the portfolio by hand (``status``). Each writes its documents into a new
folder, archives its record linked to the application, and records the application's status
and dates in the portfolio."""
