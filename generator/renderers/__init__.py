"""Renderer adapters: the theme the visitor sees, behind one seam.

An adapter module offers `Adapter(settings, work)` with
- `prepare(language, pages, nav)`: whatever the theme needs for one language's pages;
- `run_language(code, epoch) -> (status, stderr)`: run the theme for that language (languages may
  run at the same time, in separate processes);
- `page(code, page, body)`: our rendered body in the theme's page;
- `theme_files(code)`: the theme's own files (assets, 404.html) for that language's folder.
mkdocs_material.py is today's; a Zensical adapter would be one more module here.
"""
