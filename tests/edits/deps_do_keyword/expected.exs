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

  defp deps, do: [{:phoenix, "~> 1.8.1"}, {:jason, "~> 1.2"}, {:ash, "~> 3.0"}]
end
