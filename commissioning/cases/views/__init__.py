"""Views of the case builders: the list and start page, a case's task list and
naming (cases.py), one view for every builder step (builder.py), results and
comparison (results.py), versions (versions.py) and the business-case document and
its downloads (documents.py)."""
