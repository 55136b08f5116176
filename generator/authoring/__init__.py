"""Authoring tools: they write plan files for maintainers (`plansite import`, `plansite new`, the
repair of extraction damage, the pull-request summary). The build never calls them."""
