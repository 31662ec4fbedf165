[
{$ if ash $}
  import_deps: [
{$ if live $}
    :ash_phoenix,
{$ endif $}
{$ if postgres $}
    :ash_postgres,
{$ else $}
    :ash_sqlite,
{$ endif $}
    :ash,
    :ecto,
    :ecto_sql,
    :phoenix
  ],
  subdirectories: ["priv/*/migrations"],
  plugins: [Spark.Formatter, Phoenix.LiveView.HTMLFormatter],
{$ else $}
  import_deps: [:ecto, :ecto_sql, :phoenix],
  subdirectories: ["priv/*/migrations"],
  plugins: [Phoenix.LiveView.HTMLFormatter],
{$ endif $}
  inputs: ["*.{heex,ex,exs}", "{config,lib,test}/**/*.{heex,ex,exs}", "priv/*/seeds.exs"]
]
