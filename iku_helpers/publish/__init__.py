"""Running the notebooks for a period and publishing the result whole: papermill and nbconvert,
the manifest, the lock, verify.
Imports every sub-package below commands.
"""
