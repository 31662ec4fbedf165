# Seed data, run by `mix setup` and `mix ecto.setup` (or directly with
# `mix run priv/repo/seeds.exs`). Prefer the raising variants so a failed
# insert stops the script{$ if ash $}, e.g. `Ash.create!/2`{$ else $}, e.g. `{= repo =}.insert!/1`{$ endif $}.
