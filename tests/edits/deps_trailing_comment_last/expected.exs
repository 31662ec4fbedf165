defmodule Shop.MixProject do
  use Mix.Project

  def project do
    [
      app: :shop,
      version: "0.1.0",
      elixir: "~> 1.15",
      deps: deps()
    ]
  end

  defp deps do
    [
      # web
      {:phoenix, "~> 1.8.1"},
      # json
      {:jason, "~> 1.2"}, # keep in sync with the umbrella
      {:ash, "~> 3.0"}
      # {:ash, "~> 2.0"},
    ]
  end
end
