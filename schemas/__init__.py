"""The shared pydantic library of the forms: value types (``types``), one class per answer
kind (``kinds``), the shared sections (``sections/``, data), the model of a form's data file and
the answer model built from it (``form``, ``library``), and the order a form is drawn in
(``layout``). Nothing here imports Word, PDF or Excel libraries: ``pulje validate`` stays
light.

A round names its form (``templates/<pool>/<round>/skema.yaml``); its answer model is
``schemas.form.answer_model(form, pool_id)``.
"""
