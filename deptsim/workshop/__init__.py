"""The workshop: a live simulation of the department in the browser, for trainers in front of a room.

`deptsim workshop [SCENARIO]` serves a Solara page on the loopback address. The page shows the
department as a picture (one tile per caseworker position) and live charts, with the levers a
trainer pulls while it runs, and a side-by-side mode that runs the department twice on the same
random numbers: once as it is, once with the reform.

It runs either kind of department (deptsim.departments): a children-and-family department or a job
centre, from the scenario's `[scenario] kind`; `kinds` gives each kind's model, picture of its clients,
charts and levers.

Modules: `kinds` (each kind of department's part), `levers` (what a trainer can change), `state` (the
running departments), `pacing` (how fast weeks go by), `picture` and `charts` (what the room sees),
`labels` (English and Danish), `scenarios` (the picker's choices), `app` (the Solara page), and
`settings`, `server` and `commands` (the command that serves it).
"""
