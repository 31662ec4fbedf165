defmodule Shop.MixProject do
  use Mix.Project

  def project do
    [
      app: :shop,
      version: "0.1.0",
      build_path: "../../_build",
      config_path: "../../config/config.exs",
      deps_path: "../../deps",
      lockfile: "../../mix.lock",
      elixir: "~> 1.15",
      deps: deps()
    ]
  end

  # Specifies your project dependencies.
  defp deps do
    [
      {:shop_core, in_umbrella: true},
      {:phoenix, "~> 1.8.1"}
    ]
  end
end
