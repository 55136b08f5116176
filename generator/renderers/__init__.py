"""Renderer adapters: the theme the visitor sees, behind one seam.

An adapter module offers `Adapter(settings, work)` with
- `prepare(language, pages, nav, site_dir)`: whatever the theme needs for one language's pages;
- `run(epoch) -> (code, stderr)`: build every language into its site folder (inside the writer's
  staging folder), the default language first (the others live inside it, under /<lang>/);
- `finish_page(page_html, body)`: the theme's page with our rendered body in it;
  `fill_settings(page_html)` for the theme's own pages (404).
mkdocs_material.py is today's; a Zensical adapter would be one more module here.
"""
