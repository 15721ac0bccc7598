"""The workbench in the browser: `coproduce serve` (app.py), its pages (pages/), its kit and its security."""
