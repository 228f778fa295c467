"""Triple stores: the embedded store, layers, servers NAPO runs, remote endpoints,
loading, and the safe front server.
"""
