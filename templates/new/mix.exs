defmodule {= module =}.MixProject do
  use Mix.Project

  def project do
    [
      app: :{= app =},
      version: "0.1.0",
      elixir: "~> 1.15",
      elixirc_paths: elixirc_paths(Mix.env()),
      start_permanent: Mix.env() == :prod,
      aliases: aliases(),
      deps: deps(),
      compilers: [:phoenix_live_view] ++ Mix.compilers(),
      listeners: [Phoenix.CodeReloader]
    ]
  end

  def application do
    [
      mod: {{= module =}.Application, []},
      extra_applications: [:logger, :runtime_tools]
    ]
  end

  def cli do
    [
      preferred_envs: [precommit: :test]
    ]
  end

  # test/support is compiled only in the test environment.
  defp elixirc_paths(:test), do: ["lib", "test/support"]
  defp elixirc_paths(_), do: ["lib"]

  defp deps do
    [
{$ if ash $}
      {:ash, "~> 3.0"},
{$ if postgres $}
      {:ash_postgres, "~> 2.0"},
{$ else $}
      {:ash_sqlite, "~> 0.2"},
{$ endif $}
{$ if live $}
      {:ash_phoenix, "~> 2.0"},
{$ endif $}
      {:picosat_elixir, "~> 0.2"},
{$ endif $}
      {:phoenix, "~> 1.8.1"},
      {:phoenix_ecto, "~> 4.5"},
      {:ecto_sql, "~> 3.13"},
{$ if postgres $}
      {:postgrex, ">= 0.0.0"},
{$ else $}
      {:ecto_sqlite3, ">= 0.0.0"},
{$ endif $}
      {:phoenix_html, "~> 4.1"},
      {:phoenix_live_reload, "~> 1.2", only: :dev},
      {:phoenix_live_view, "~> 1.1.0"},
      {:lazy_html, ">= 0.1.0", only: :test},
{$ if live $}
      {:phoenix_live_dashboard, "~> 0.8.3"},
{$ endif $}
      {:esbuild, "~> 0.10", runtime: Mix.env() == :dev},
      {:tailwind, "~> 0.3", runtime: Mix.env() == :dev},
      {:swoosh, "~> 1.16"},
      {:req, "~> 0.5"},
      {:telemetry_metrics, "~> 1.0"},
      {:telemetry_poller, "~> 1.0"},
      {:gettext, "~> 0.26"},
      {:jason, "~> 1.2"},
      {:dns_cluster, "~> 0.2.0"},
      {:bandit, "~> 1.5"}
    ]
  end

  # `mix setup` installs and prepares everything; `mix precommit` is what
  # to run before pushing.
  defp aliases do
    [
{$ if ash $}
      setup: [
        "deps.get",
        "ash.setup",
        "assets.setup",
        "assets.build",
        "run priv/repo/seeds.exs"
      ],
{$ else $}
      setup: ["deps.get", "ecto.setup", "assets.setup", "assets.build"],
{$ endif $}
      "ecto.setup": ["ecto.create", "ecto.migrate", "run priv/repo/seeds.exs"],
      "ecto.reset": ["ecto.drop", "ecto.setup"],
{$ if ash $}
      test: ["ash.setup --quiet", "test"],
{$ else $}
      test: ["ecto.create --quiet", "ecto.migrate --quiet", "test"],
{$ endif $}
      "assets.setup": ["tailwind.install --if-missing", "esbuild.install --if-missing"],
      "assets.build": ["compile", "tailwind default", "esbuild default"],
      "assets.deploy": ["tailwind default --minify", "esbuild default --minify", "phx.digest"],
      precommit: ["compile --warnings-as-errors", "deps.unlock --unused", "format", "test"]
    ]
  end
end
