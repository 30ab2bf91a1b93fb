// Fails while loading, before it could listen.
throw new Error('DATABASE_URL is not set');
