// v2: greets by name, politely.
exports.handler = async (event) => {
  const name = (event && event.name) || 'world';
  return { message: `${process.env.GREETING}, ${name}, nice to see you!`, version: 'v2' };
};
