defmodule Shop.Application do
  @moduledoc false

  use Application

  @impl true
  def start(_type, _args) do
    children = base() ++ extra()
    Supervisor.start_link(children, strategy: :one_for_one, name: Shop.Supervisor)
  end

  defp base, do: [Shop.Repo]
  defp extra, do: []
end
