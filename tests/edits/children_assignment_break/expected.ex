defmodule Shop.Application do
  @moduledoc false

  use Application

  @impl true
  def start(_type, _args) do
    topologies = Application.get_env(:libcluster, :topologies, [])

    children = [
      Shop.Repo,
      {Cluster.Supervisor, [topologies, [name: Shop.ClusterSupervisor]]},
      Shop.Cache.Warmer
    ]

    Supervisor.start_link(children, strategy: :one_for_one, name: Shop.Supervisor)
  end
end
