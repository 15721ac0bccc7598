"""The workbench's pages: each module gives `routes`, collected in module-name order by app.py."""
