"""Projects (operations): a granted application with its baseline frozen, and amendments as versions."""
