"""Renderer adapters: the theme the visitor sees, behind one seam.

An adapter module offers `Adapter(settings, work)` with
- `prepare(language, pages, nav)`: whatever the theme needs for one language's pages;
- `run(staging, epoch) -> (code, stderr)`: build every language into the staging folder, the
  default language first (the others live inside it, under /<lang>/);
- `finish(language, pages, bodies, writer)`: put each rendered page body into the theme's page.
mkdocs_material.py is today's; a Zensical adapter would be one more module here.
"""
