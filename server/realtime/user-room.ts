/** The socket.io room of one signed-in person's sockets (area alerts are told there). */
export function userRoom(userId: string): string {
  return `user:${userId}`;
}
