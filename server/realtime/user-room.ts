const PREFIX = 'user:';

/** The socket.io room of one signed-in person's sockets (area alerts are told there). */
export function userRoom(userId: string): string {
  return `${PREFIX}${userId}`;
}

/** The people with a room, from the adapter's room names. */
export function connectedUsers(rooms: Iterable<string>): string[] {
  const users: string[] = [];
  for (const room of rooms) if (room.startsWith(PREFIX)) users.push(room.slice(PREFIX.length));
  return users;
}
